"""brandreview pipeline: records, rules, intake, storage, orchestration of one pass, reports and the CLI."""

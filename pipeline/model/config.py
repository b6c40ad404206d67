"""Campaign configuration: the shipped defaults merged with a workspace's campaign.toml, validated up front.

Owns the settings models and the merge. Every table rejects unknown keys by name, so a typo fails at
start-up. Check limits are validated by each check's own Params (see checks.registry.validate_config).

The merge: a table merges key by key; any other value replaces the default, a list too. A list can instead be
edited in place with an operation table, `leader = { extend = ["牵头负责人"] }` or `{ remove = [...] }` (both:
remove first, then extend; an extended item already there is kept once, a removed item that is not there is
an error). Anything else in an operation table, or an operation on a setting that is not a list, fails by name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.model.records import SECTION_KEYS


class ConfigError(ValueError):
    """campaign.toml is malformed or names a key that does not exist."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CampaignInfo(_Strict):
    id: str
    name: str
    year: int
    preset: str | None = None  # the institution's preset the settings start from (pipeline.model.preset)


class IntakeSettings(_Strict):
    max_file_mb: float = Field(gt=0)
    max_member_mb: float = Field(gt=0)
    max_members: int = Field(gt=0)
    max_ratio: float = Field(gt=1)
    # archives (pipeline.archives); defaulted here as in defaults.toml, so settings built in code need not name them
    max_archive_total_mb: float = Field(default=200, gt=0)
    max_archive_depth: int = Field(default=2, ge=1, le=5)
    ignore: list[str]
    settle_seconds: float = Field(default=2.0, ge=0)  # defaulted as in defaults.toml (settings built in code)


class LegacySettings(_Strict):
    """Legacy .doc/.wps conversion by LibreOffice (extractors.legacy.convert)."""

    timeout_seconds: float = Field(gt=0)
    max_memory_mb: int = Field(ge=512)  # LibreOffice cannot start and save a document in less
    batch_size: int = Field(gt=0)


class OcrSettings(_Strict):
    """Scanned PDFs and photographed pages (extractors.ocr.reader)."""

    dpi: int = Field(ge=72, le=600)  # scanned PDF pages are rendered at this resolution
    max_pages: int = Field(gt=0)  # a scan with more pages is refused unread
    max_pixels: int = Field(gt=0)  # larger images (by their header) are refused before decoding
    max_seconds: float = Field(gt=0)  # recognition of one document stops after this long


class ClassifySettings(_Strict):
    min_score: float
    application_titles: list[str]
    report_titles: list[str]
    generic_report_titles: list[str]
    other_titles: list[str]
    self_check_titles: list[str]


class LabelSettings(_Strict):
    branch_name: list[str]
    unit: list[str]
    parent_org: list[str]
    brand_name: list[str]
    leader: list[str]
    members: list[str]
    phone: list[str]
    established: list[str]
    budget: list[str]
    slogan: list[str]
    logo: list[str]
    summary: list[str]
    measures: list[str]
    expected_outcomes: list[str]
    branch_opinion: list[str]
    signature_roles: list[str]
    signature_words: list[str]
    signature: list[str]
    date: list[str]
    not_date: list[str]
    other: list[str]
    instructions: list[str]


class SectionVocabulary(_Strict):
    names: list[str]
    keywords: list[str]


class ReportSettings(_Strict):
    order: list[str]
    max_heading_chars: int = Field(gt=0)
    caption_patterns: list[str]
    caption_styles: list[str]
    min_photo_width_cm: float = Field(ge=0)
    min_photo_height_cm: float = Field(ge=0)
    sections: dict[str, SectionVocabulary]

    @field_validator("order")
    @classmethod
    def _known_keys(cls, v: list[str]) -> list[str]:
        unknown = [k for k in v if k not in SECTION_KEYS]
        if unknown:
            raise ValueError(f"unknown section keys {unknown}; known: {list(SECTION_KEYS)}")
        return v

    @field_validator("sections")
    @classmethod
    def _all_sections(cls, v: dict[str, SectionVocabulary]) -> dict[str, SectionVocabulary]:
        unknown = sorted(set(v) - set(SECTION_KEYS))
        if unknown:
            raise ValueError(f"unknown section tables {unknown}; known: {list(SECTION_KEYS)}")
        return v

    @field_validator("caption_patterns")
    @classmethod
    def _patterns_compile(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"caption pattern {p!r} does not compile: {exc}") from exc
        return v


class PdfSettings(_Strict):
    """Bounds on reading one PDF with a text layer (extractors.pdf.reader)."""

    max_pages: int = Field(gt=0)  # a PDF with more pages is rejected unread
    max_seconds: float = Field(gt=0)  # cooperative deadline, checked between pages (too_slow)
    max_chars_per_page: int = Field(gt=0)  # a page with more characters is rejected
    max_chars: int = Field(gt=0)  # a document with more characters in all is rejected (memory bound)
    max_objects_per_page: int = Field(gt=0)  # above this, a page's rulings and images are not analysed


class SimilaritySettings(_Strict):
    common_words: list[str]
    stop_words: list[str]
    user_words: list[str]
    pinyin: bool


class ServeSettings(_Strict):
    """`brandreview serve` (flows.serve): when the intake and the nightly run happen."""

    nightly_cron: str = Field(min_length=9)  # five cron fields
    timezone: str
    debounce_ms: int = Field(ge=50)  # inbox changes closer together than this make one intake run
    sweep_minutes: float = Field(gt=0)  # an intake run this often anyway (files left waiting, missed events)
    port: int = Field(ge=0, le=65535)  # of the Prefect server serve starts (0: any free port)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. 'Asia/Shanghai')") from exc
        return value

    @field_validator("nightly_cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(f"a cron schedule has five fields (minute hour day month weekday), not {value!r}")
        return value


_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
# an IMAP keyword (an atom: no space, parentheses, brackets, quotes, wildcards or backslash), or a system flag
_FLAG = re.compile(r'^(\\(Seen|Flagged|Answered)|[^\s(){}%*"\\\]\[\\]+)$')


class MailboxSettings(_Strict):
    """The IMAP mailbox `brandreview mailbox` and serve's mailbox deployment read (pipeline.mailbox). The
    password is never written here: it is read from the environment variable `password_env`."""

    enabled: bool = False  # serve polls it every poll_minutes (`brandreview mailbox` works either way)
    host: str = ""
    port: int = Field(default=993, ge=1, le=65535)
    security: Literal["ssl", "starttls", "plain"] = "ssl"  # plain: only to a loopback address (tests)
    user: str = ""
    folder: str = "INBOX"
    password_env: str = Field(default="BRANDREVIEW_IMAP_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    processed: Literal["flag", "move"] = "flag"  # what marks a mail taken in: a flag on it, or a move
    processed_flag: str = "$BrandreviewDone"  # an IMAP keyword, or \Seen (never \Deleted)
    quarantined_flag: str = "$BrandreviewRefused"  # added beside it when the mail ended in quarantine
    move_to: str = "已收取"  # processed = "move": the folder taken-in mails are moved to (created if missing)
    poll_minutes: float = Field(default=5, gt=0)
    timeout_seconds: float = Field(default=60, gt=0)  # of each network operation
    max_per_poll: int = Field(default=50, gt=0)  # mails fetched by one poll; the rest wait for the next

    @field_validator("processed_flag", "quarantined_flag")
    @classmethod
    def _a_flag(cls, value: str) -> str:
        if not _FLAG.match(value):
            raise ValueError(f"{value!r} is not an IMAP keyword (e.g. '$BrandreviewDone') nor \\Seen / "
                             "\\Flagged / \\Answered")
        return value

    @model_validator(mode="after")
    def _usable(self) -> MailboxSettings:
        if self.enabled and not (self.host and self.user):
            raise ValueError("an enabled mailbox needs host and user")
        if self.security == "plain" and self.host and self.host not in _LOOPBACK:
            raise ValueError(f"security = 'plain' sends the password unencrypted: only to a loopback address "
                             f"(127.0.0.1), not {self.host!r}; use 'ssl' or 'starttls'")
        if self.processed == "move" and (not self.move_to or self.move_to == self.folder):
            raise ValueError("processed = 'move' needs move_to, a folder other than `folder`")
        return self


_DEADLINE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$")


class DeadlineSettings(_Strict):
    """When the applications, the outcome reports and the 自查报告 are due (pipeline.branches): a document
    received after its deadline is late. 'YYYY-MM-DD HH:MM' in `timezone`; a date alone means the end of that day."""

    application: str | None = None
    report: str | None = None
    self_check: str | None = None
    timezone: str = "Asia/Shanghai"

    @field_validator("application", "report", "self_check", mode="before")
    @classmethod
    def _a_time(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):  # a TOML date-time written without quotes
            if value.tzinfo is not None:
                raise ValueError("write a deadline without an offset ('YYYY-MM-DD HH:MM'); the zone is `timezone`")
            value = value.strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, str) and value and not _DEADLINE.match(value):
            raise ValueError(f"a deadline is written 'YYYY-MM-DD HH:MM' (or 'YYYY-MM-DD'), not {value!r}")
        return value or None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. 'Asia/Shanghai')") from exc
        return value


class RosterSettings(_Strict):
    """The list of branches expected to submit (pipeline.branches): roster.csv or roster.xlsx in the workspace,
    unless `path` names another file (relative to the workspace)."""

    path: str | None = None


class Config(_Strict):
    campaign: CampaignInfo
    intake: IntakeSettings
    legacy: LegacySettings
    ocr: OcrSettings
    classify: ClassifySettings
    labels: LabelSettings
    report: ReportSettings
    pdf: PdfSettings
    similarity: SimilaritySettings
    serve: ServeSettings
    mailbox: MailboxSettings = MailboxSettings()
    deadlines: DeadlineSettings = DeadlineSettings()
    roster: RosterSettings = RosterSettings()
    checks: dict[str, dict[str, Any]]


LIST_OPERATIONS = ("remove", "extend")  # applied in this order


def _merge(base: dict[str, Any], over: dict[str, Any], where: tuple[str, ...] = ()) -> dict[str, Any]:
    """`over` on top of `base`: tables merge key by key, a list operation table edits the default list,
    anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        path = (*where, str(key))
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, list):
            out[key] = _edit_list(current, value, ".".join(path))
        elif isinstance(value, dict) and value and set(value) <= set(LIST_OPERATIONS) \
                and not isinstance(current, dict):
            name = ".".join(path)
            shown = "no such setting" if key not in out else f"its default is {current!r}"
            raise ConfigError(f"{name}: 只有列表可以 extend/remove（{name} 不是列表）/ extend and remove apply to "
                              f"a list, and {name} is not one ({shown})")
        elif isinstance(value, dict) and isinstance(current, dict):
            out[key] = _merge(current, value, path)
        else:
            out[key] = value
    return out


def _edit_list(current: list[Any], ops: dict[str, Any], name: str) -> list[Any]:
    """The default list with `ops` (an operation table: remove, then extend) applied."""
    unknown = sorted(set(ops) - set(LIST_OPERATIONS))
    if unknown or not ops:
        what = f"unknown list operation(s) {unknown}" if unknown else "an empty table"
        raise ConfigError(f"{name}: 列表设置只能写列表（替换）或 extend/remove 操作 / {what}: write a list to "
                          f"replace the default, or {{ extend = [...] }} / {{ remove = [...] }} to edit it")
    for op in LIST_OPERATIONS:
        if op in ops and not isinstance(ops[op], list):
            raise ConfigError(f"{name}.{op}: 应为列表 / must be a list, not {type(ops[op]).__name__} "
                              f"({op} = [...])")
    out = list(current)
    for item in ops.get("remove", []):
        if item not in out:
            raise ConfigError(f"{name}.remove: {item!r} 不在默认列表中 / is not in the list, nothing to remove")
        out = [x for x in out if x != item]
    for item in ops.get("extend", []):
        if item not in out:
            out.append(item)
    return out


def default_table() -> dict[str, Any]:
    text = resources.files("pipeline.model").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_config(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Defaults, then the preset campaign.toml names (campaign.preset, pipeline.model.preset), then
    campaign.toml at `path` (if given and present), then `overrides`; validated."""
    table = default_table()
    user: dict[str, Any] = {}
    if path is not None and Path(path).exists():
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    layers = [(user, f"{path}: ")] if user else []
    if overrides:
        layers.append((overrides, ""))
    preset = _named_preset(layers)
    if preset is not None:
        layers.insert(0, preset)
    for layer, where in layers:
        try:
            table = _merge(table, layer)
        except ConfigError as exc:
            raise ConfigError(f"{where}{exc}") from exc
    try:
        return Config.model_validate(table)
    except ValidationError as exc:
        where = f"{path}: " if path else ""
        raise ConfigError(where + _describe(exc)) from exc


def _named_preset(layers: list[tuple[dict[str, Any], str]]) -> tuple[dict[str, Any], str] | None:
    """The settings of the preset the last layer naming one names, its `{year}`s filled in with the campaign
    year the layers give (else the defaults')."""
    from pipeline.model import preset as presets

    name, year, where = None, default_table()["campaign"]["year"], ""
    for layer, at in layers:
        campaign = layer.get("campaign")
        if isinstance(campaign, dict):
            if "preset" in campaign:
                name, where = campaign["preset"], at
            if isinstance(campaign.get("year"), int):
                year = campaign["year"]
    if name is None:
        return None
    try:
        preset = presets.load_preset(name)
    except ConfigError as exc:
        raise ConfigError(f"{where}{exc}") from exc
    return presets.with_year(preset.table, year), f"preset {name}: "


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


# not how documents are judged: when and where things run, when documents are due, which branches are expected
_NOT_RULES = frozenset({"serve", "mailbox", "deadlines", "roster"})


def ruleset_of(config: Config) -> str:
    """The rule-set version: a short hash of the effective settings (defaults with campaign.toml on top), so
    a stored verdict says which rules produced it and a changed limit is seen as a change."""
    rules = {k: v for k, v in config.model_dump(mode="json").items() if k not in _NOT_RULES}
    text = json.dumps(rules, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

"""Compile a segment spec to ONE SQL query, built as sqlglot expressions.

The query selects ``contact_id`` from ``dim_contacts`` (alias ``c``). A behaviour predicate becomes
``[NOT] c.contact_id IN (SELECT contact_id FROM fct_contact_activity_by_type WHERE <event, window,
filters> [GROUP BY contact_id HAVING <count bounds>])`` (strategy ``semijoin``, the default; the
table is stored by event type then time, so each subquery reads a narrow range of it). Given
``windows_as_of``, an unfiltered behaviour over fixed windows of at least ``windows_min_days``
reads one row per contact of ``fct_contact_activity_windows`` (:mod:`segments.windows`); by
default (``daily=True``) another behaviour the daily aggregate ``fct_contact_activity_daily`` can
answer (no ``campaign_id`` filter) reads the window's whole UTC days there, its partial edge days
exactly (:mod:`segments.daily`). Or, with
strategy ``aggregate``, a conditional count in one aggregation over the activity, left-joined as
``a``. A semijoin query that counts and has cheap top-level conjuncts besides consent starts
with a ``candidates`` CTE (the contacts passing them) that every counting subquery is restricted
to (:meth:`_Compiler.narrow`). Interests and ML score tables are semi-joins; referenced
segments are inlined (their tree and their channel consent). Every leaf is wrapped in
``COALESCE(..., FALSE)`` so a missing value makes a predicate false, never NULL: ``not`` then is a
true complement and a segment and its ``not`` partition the contacts.

Values are sqlglot literals, so they are quoted by sqlglot for the target dialect (``duckdb`` or
``postgres``), never pasted into the text. Windows are absolute timestamps computed from ``now``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from segments import catalog
from segments.daily import DayWindow, daily_matching
from segments.errors import SegmentSpecError, SpecProblem
from segments.literals import timestamp_literal
from segments.spec import (
    AllNode,
    AnyNode,
    AttributeNode,
    BehaviourNode,
    ConsentNode,
    NotNode,
    ScoreNode,
    Segment,
    SegmentRefNode,
    as_timestamp,
)
from segments.windows import answerable as windows_answerable
from segments.windows import windows_contacts

CONTACTS_ALIAS = "c"
STRATEGIES = ("aggregate", "semijoin")
ACTIVITY_ALIAS = "a"
#: CTE of the contacts that pass a semijoin query's cheap top-level conjuncts.
CANDIDATES = "candidates"


@dataclass(frozen=True)
class CompiledSegment:
    """A segment compiled for one ``now``.

    Attributes
    ----------
    name
        The segment's name.
    expression
        The sqlglot ``SELECT contact_id ...`` expression (dialect-neutral).
    tables
        The mart tables the query reads (for lineage).
    now
        The reference time the windows were computed from (naive UTC).
    schema
        Schema of the mart tables (``None``: unqualified).
    """

    name: str
    expression: exp.Select
    tables: tuple[str, ...]
    now: dt.datetime
    schema: str | None = None

    def sql(self, dialect: str = "duckdb", pretty: bool = False) -> str:
        """The query as text for ``dialect`` (``duckdb`` or ``postgres``)."""
        return self.expression.sql(dialect=dialect, pretty=pretty)


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as a naive UTC datetime (aware values are converted, naive ones are taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _false_if_null(condition: exp.Expression) -> exp.Expression:
    return exp.func("COALESCE", exp.paren(condition), exp.false())


def consent_condition(channel: str, table: str = CONTACTS_ALIAS) -> exp.Expression:
    """Contactable on ``channel``: consent granted and no blocking flag (unknown flag = blocked).

    Parameters
    ----------
    channel
        ``email`` or ``sms`` (see :data:`segments.catalog.CONSENT_COLUMNS`).
    table
        Alias of ``dim_contacts`` in the query.
    """
    granted, blocked = catalog.CONSENT_COLUMNS[channel]
    parts = [exp.func("COALESCE", exp.column(granted, table), exp.false())]
    # an unknown suppression flag counts as suppressed: never contact on a doubt
    parts += [
        exp.not_(exp.func("COALESCE", exp.column(flag, table), exp.true())) for flag in blocked
    ]
    return exp.paren(exp.and_(*parts))


@dataclass
class _Behaviour:
    alias: str
    event: str
    start: dt.datetime
    end: dt.datetime
    filters: tuple[tuple[str, tuple[str, ...]], ...]


def _activity_condition(
    b: _Behaviour, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> exp.Expression:
    """The activity rows a behaviour counts: its event, window (or ``[start, end)``) and filters."""
    occurred = exp.column("occurred_at")
    return exp.and_(
        exp.column("activity_type").eq(exp.convert(b.event)),
        occurred >= timestamp_literal(start or b.start),
        occurred < timestamp_literal(end or b.end),
        *(exp.column(name).isin(*map(exp.convert, values)) for name, values in b.filters),
    )


def _conjuncts(condition: exp.Expression) -> list[exp.Expression]:
    """The top-level AND terms of a condition (through parentheses)."""
    while isinstance(condition, exp.Paren):
        condition = condition.this
    if isinstance(condition, exp.And):
        return _conjuncts(condition.this) + _conjuncts(condition.expression)
    return [condition]


_ACTIVITY_TABLES = (catalog.ACTIVITY_TABLE, catalog.DAILY_TABLE, catalog.WINDOWS_TABLE)


def _reads_activity(expression: exp.Expression) -> bool:
    return any(t.name in _ACTIVITY_TABLES for t in expression.find_all(exp.Table))


def _from_activity(select: exp.Select) -> bool:
    """Whether ``select`` reads the activity (raw or daily) in its FROM (a table or a union)."""
    source = select.args.get("from_") or select.args.get("from")
    return source is not None and _reads_activity(source)


def _counts_activity(select: exp.Select) -> bool:
    """A ``SELECT contact_id FROM <activity> ... GROUP BY contact_id`` (a count bound)."""
    return _from_activity(select) and select.args.get("group") is not None


def _is_existence(condition: exp.Expression) -> bool:
    """``c.contact_id IN (SELECT contact_id FROM <activity> WHERE ...)``: one matching row."""
    query = condition.args.get("query") if isinstance(condition, exp.In) else None
    select = query.this if isinstance(query, exp.Subquery) else query
    return (
        isinstance(select, exp.Select) and _from_activity(select) and not _counts_activity(select)
    )


@dataclass
class _Compiler:
    segments: dict[str, Segment]
    now: dt.datetime
    schema: str | None
    strategy: str = "aggregate"
    daily: bool = True
    windows_as_of: dt.datetime | None = None
    windows_min_days: int = catalog.WINDOWS_MIN_DAYS
    behaviours: dict[tuple[Any, ...], _Behaviour] = field(default_factory=dict)
    tables: set[str] = field(default_factory=lambda: {catalog.CONTACTS_TABLE})

    def table(self, name: str, alias: str | None = None) -> exp.Table:
        self.tables.add(name)
        table = exp.table_(name, db=self.schema)
        return table.as_(alias) if alias else table

    # -- values -----------------------------------------------------------------------------

    def literal(self, value: Any, kind: str) -> exp.Expression:
        if kind == "timestamp":
            return timestamp_literal(as_timestamp(value))
        return exp.convert(value)

    def compare(self, column: exp.Expression, op: str, value: Any, kind: str) -> exp.Expression:
        """``column <op> value`` for the spec operators."""
        if op == "missing":
            return column.is_(exp.null())
        if op == "present":
            return exp.not_(column.is_(exp.null()))
        if op == "within_last_days":
            return column >= timestamp_literal(self.now - dt.timedelta(days=value))
        if op == "more_than_days_ago":
            return column < timestamp_literal(self.now - dt.timedelta(days=value))
        if op in ("in", "not_in"):
            condition = column.isin(*(self.literal(v, kind) for v in value))
            return condition if op == "in" else exp.not_(condition)
        if op == "between":
            low, high = (self.literal(v, kind) for v in value)
            return exp.Between(this=column, low=low, high=high)
        operators = {
            "eq": exp.EQ,
            "ne": exp.NEQ,
            "lt": exp.LT,
            "lte": exp.LTE,
            "gt": exp.GT,
            "gte": exp.GTE,
        }
        return operators[op](this=column, expression=self.literal(value, kind))

    def in_table(self, table: str, condition: exp.Expression | None) -> exp.Expression:
        """``c.contact_id IN (SELECT contact_id FROM <table> [WHERE condition])``."""
        query = exp.select("contact_id").from_(self.table(table))
        if condition is not None:
            query = query.where(condition)
        return exp.column("contact_id", CONTACTS_ALIAS).isin(query=query)

    # -- nodes ------------------------------------------------------------------------------

    def attribute(self, node: AttributeNode) -> exp.Expression:
        if node.column_kind != "interests":
            column = exp.column(node.attribute, CONTACTS_ALIAS)
            return self.compare(column, node.op, node.value, node.column_kind)
        interest = exp.column("interest")
        if node.op == "missing":
            return exp.not_(self.in_table(catalog.INTERESTS_TABLE, None))
        if node.op == "present":
            return self.in_table(catalog.INTERESTS_TABLE, None)
        has_any = self.in_table(
            catalog.INTERESTS_TABLE, interest.isin(*(exp.convert(v) for v in node.value))
        )
        return has_any if node.op == "in" else exp.not_(has_any)

    def score(self, node: ScoreNode) -> exp.Expression:
        if node.table == catalog.CONTACTS_TABLE:
            column = exp.column(node.score, CONTACTS_ALIAS)
            return self.compare(column, node.op, node.value, node.column_kind)
        column = exp.column(node.score)
        if node.op == "missing":
            return exp.not_(self.in_table(node.table, exp.not_(column.is_(exp.null()))))
        return self.in_table(
            node.table, self.compare(column, node.op, node.value, node.column_kind)
        )

    def behaviour(self, node: BehaviourNode) -> exp.Expression:
        start = self.now - dt.timedelta(days=node.in_last_days)
        end = self.now - dt.timedelta(days=node.ending_days_ago)
        filters = tuple(
            (name, tuple(values))
            for name in ("course_category", "campaign_id", "channel")
            if (values := getattr(node, name))
        )
        if self.strategy == "semijoin":
            return self.behaviour_semijoin(
                node, _Behaviour("", node.behaviour, start, end, filters)
            )
        key = (node.behaviour, start, end, filters)
        if key not in self.behaviours:
            self.tables.add(catalog.ACTIVITY_TABLE)
            self.behaviours[key] = _Behaviour(
                f"b{len(self.behaviours)}", node.behaviour, start, end, filters
            )
        count = exp.func(
            "COALESCE", exp.column(self.behaviours[key].alias, ACTIVITY_ALIAS), exp.convert(0)
        )
        bounds: list[exp.Expression] = []
        if node.min_count > 0:
            bounds.append(count >= exp.convert(node.min_count))
        if node.max_count is not None:
            bounds.append(count <= exp.convert(node.max_count))
        return exp.and_(*bounds) if bounds else exp.true()

    def matching(self, b: _Behaviour, counting: bool) -> tuple[exp.Select, exp.Expression]:
        """``SELECT contact_id`` of the activity matching a behaviour, and what to count: from
        the daily aggregate when it answers the behaviour (:mod:`segments.daily`), else raw."""
        if self.daily:
            found = daily_matching(
                b.event,
                DayWindow(b.start, b.end),
                b.filters,
                counting=counting,
                table=self.table,
                raw_condition=lambda start, end: _activity_condition(b, start, end),
            )
            if found is not None:
                self.tables.add(catalog.ACTIVITY_TABLE)  # edges of other windows read it
                return found
        matching = exp.select("contact_id").from_(self.table(catalog.ACTIVITY_TABLE))
        matching = matching.where(
            exp.and_(exp.not_(exp.column("contact_id").is_(exp.null())), _activity_condition(b))
        )
        return matching, exp.Count(this=exp.Star())

    def behaviour_semijoin(self, node: BehaviourNode, b: _Behaviour) -> exp.Expression:
        """The behaviour as ``c.contact_id IN (activity matching it [, count bounds])``, or for an
        upper bound ``NOT EXISTS`` a row in (activity matching it [, more than the bound])."""
        low, high = node.min_count, node.max_count
        if low == 0 and high is None:
            return exp.true()
        if self.windows_as_of is not None and windows_answerable(
            node.in_last_days, node.ending_days_ago, bool(b.filters), self.windows_min_days
        ):
            return self.behaviour_windows(node, b)
        counting = (low == 0 and high > 0) or (low > 0 and (low > 1 or high is not None))
        matching, count = self.matching(b, counting)
        contact = exp.column("contact_id", CONTACTS_ALIAS)
        if low == 0:  # at most `high`: no row among those with more (NOT EXISTS: an anti join)
            if high > 0:
                matching = matching.group_by("contact_id").having(count > exp.convert(high))
            found = (
                exp.select(exp.Literal.number(1))
                .from_(matching.subquery("f"))
                .where(exp.column("contact_id", "f").eq(contact))
            )
            return exp.not_(exp.Exists(this=found))
        if low > 1 or high is not None:
            having = [count >= exp.convert(low)]
            if high is not None:
                having.append(count <= exp.convert(high))
            matching = matching.group_by("contact_id").having(exp.and_(*having))
        return contact.isin(query=matching)

    def behaviour_windows(self, node: BehaviourNode, b: _Behaviour) -> exp.Expression:
        """The behaviour from the per-contact window counts (:mod:`segments.windows`)."""
        low, high = node.min_count, node.max_count
        self.tables.add(catalog.ACTIVITY_TABLE)  # corrections when now is not the as-of day

        def contacts(bound) -> exp.Select:
            return windows_contacts(
                b.event,
                node.in_last_days,
                node.ending_days_ago,
                now=self.now,
                as_of=naive_utc(self.windows_as_of),
                bound=bound,
                table=self.table,
                raw_condition=lambda start, end: _activity_condition(b, start, end),
            )

        contact = exp.column("contact_id", CONTACTS_ALIAS)
        if low == 0:  # at most `high`: not among the contacts with more
            over = contacts(lambda n: n > exp.convert(high))
            found = (
                exp.select(exp.Literal.number(1))
                .from_(over.subquery("f"))
                .where(exp.column("contact_id", "f").eq(contact))
            )
            return exp.not_(exp.Exists(this=found))

        def within(n: exp.Expression) -> exp.Expression:
            bounds = [n >= exp.convert(low)]
            if high is not None:
                bounds.append(n <= exp.convert(high))
            return exp.and_(*bounds)

        return contact.isin(query=contacts(within))

    def consent(self, channel: str) -> exp.Expression:
        return consent_condition(channel)

    def segment_condition(self, segment: Segment, stack: tuple[str, ...]) -> exp.Expression:
        condition = self.node(segment.where, (*stack, segment.name or "?"))
        if segment.channel:
            condition = exp.and_(condition, self.consent(segment.channel))
        return exp.paren(condition)

    def reference(self, node: SegmentRefNode, stack: tuple[str, ...]) -> exp.Expression:
        if node.segment in stack:
            cycle = " -> ".join([*stack, node.segment])
            raise SegmentSpecError(
                [SpecProblem(f"{stack[0]}.yml", "where", f"reference cycle {cycle}", "no cycle")]
            )
        if node.segment not in self.segments:
            raise SegmentSpecError(
                [
                    SpecProblem(
                        f"{stack[0]}.yml",
                        "where",
                        f"unknown segment '{node.segment}'",
                        "one of " + ", ".join(sorted(self.segments)),
                    )
                ]
            )
        return self.segment_condition(self.segments[node.segment], stack)

    def node(self, node: Any, stack: tuple[str, ...]) -> exp.Expression:
        if isinstance(node, AllNode):
            return exp.paren(exp.and_(*(self.node(c, stack) for c in node.all_)))
        if isinstance(node, AnyNode):
            return exp.paren(exp.or_(*(self.node(c, stack) for c in node.any_)))
        if isinstance(node, NotNode):
            return exp.not_(self.node(node.not_, stack))
        if isinstance(node, SegmentRefNode):
            return self.reference(node, stack)
        if isinstance(node, ConsentNode):
            return self.consent(node.consent)
        if isinstance(node, BehaviourNode) and self.strategy == "semijoin":
            # never NULL (both sides' contact_id are non-null), and left bare so the database
            # can plan a top-level conjunct as a semi / anti join rather than a mark join
            return self.behaviour(node)
        leaf = {
            AttributeNode: self.attribute,
            ScoreNode: self.score,
            BehaviourNode: self.behaviour,
        }[type(node)](node)
        return _false_if_null(leaf)

    # -- the query --------------------------------------------------------------------------

    def activity_counts(self) -> exp.Select:
        """One pass over the activity: a conditional count per behaviour predicate."""
        occurred, activity_type = exp.column("occurred_at"), exp.column("activity_type")
        columns: list[exp.Expression] = [exp.column("contact_id")]
        for b in self.behaviours.values():
            condition = _activity_condition(b)
            counted = exp.Filter(
                this=exp.Count(this=exp.Star()), expression=exp.Where(this=condition)
            )
            columns.append(exp.alias_(counted, b.alias))
        behaviours = list(self.behaviours.values())
        events = sorted({b.event for b in behaviours})
        return (
            exp.select(*columns)
            .from_(self.table(catalog.ACTIVITY_TABLE))
            .where(
                exp.and_(
                    activity_type.isin(*map(exp.convert, events)),
                    occurred >= timestamp_literal(min(b.start for b in behaviours)),
                    occurred < timestamp_literal(max(b.end for b in behaviours)),
                )
            )
            .group_by(exp.column("contact_id"))
        )

    def narrow(self, condition: exp.Expression) -> tuple[exp.Select, exp.Expression] | None:
        """Narrow a semijoin query to ``candidates``, or ``None`` when it would not pay.

        The candidates are the contacts passing every top-level conjunct that needs no activity
        count: attributes, scores, consent, interests and behaviours that only ask for one
        matching row (plain semi-joins). Each counting subquery (``GROUP BY contact_id``) in
        ``condition`` is restricted to them (in place), so selective cheap conjuncts shrink the
        rows that are aggregated. Exact: a contact outside the candidates fails a top-level
        conjunct, whatever it counts. Skipped when nothing counts or channel consent is the only
        cheap conjunct (most contacts have it: the extra semi-join would cost more than it saves).

        Returns
        -------
        tuple or None
            The ``candidates`` query and the condition to use instead of ``condition``:
            membership of the candidates and the conjuncts that are not cheap.
        """
        top = _conjuncts(condition)
        cheap = [c for c in top if _is_existence(c) or not _reads_activity(c)]
        counting = [s for s in condition.find_all(exp.Select) if _counts_activity(s)]
        consent = [c for ch in catalog.CONSENT_COLUMNS for c in _conjuncts(consent_condition(ch))]
        if not counting or all(c in consent for c in cheap):
            return None
        if any(t.name == CANDIDATES for t in condition.find_all(exp.Table)):
            return None  # a score table of that name: the CTE would shadow it
        members = exp.select("contact_id").from_(CANDIDATES)
        for select in counting:  # in place: ANDed to the subquery's own WHERE
            select.where(exp.column("contact_id").isin(query=members.copy()), copy=False)
        candidates = (
            exp.select(exp.column("contact_id", CONTACTS_ALIAS))
            .from_(self.table(catalog.CONTACTS_TABLE, CONTACTS_ALIAS))
            .where(exp.and_(*cheap))
        )
        rest = [c for c in top if not any(c is k for k in cheap)]
        return candidates, exp.and_(
            exp.column("contact_id", CONTACTS_ALIAS).isin(query=members), *rest
        )

    def query(self, segment: Segment) -> exp.Select:
        condition = self.segment_condition(segment, ())
        query = exp.select(exp.column("contact_id", CONTACTS_ALIAS)).from_(
            self.table(catalog.CONTACTS_TABLE, CONTACTS_ALIAS)
        )
        if self.strategy == "semijoin" and (narrowed := self.narrow(condition)) is not None:
            candidates, condition = narrowed
            query = query.with_(CANDIDATES, as_=candidates)
        if self.behaviours:
            query = query.join(
                self.activity_counts().subquery(ACTIVITY_ALIAS),
                on=exp.column("contact_id", ACTIVITY_ALIAS).eq(
                    exp.column("contact_id", CONTACTS_ALIAS)
                ),
                join_type="left",
            )
        return query.where(condition)


def compile_segment(
    segment: Segment,
    *,
    now: dt.datetime,
    segments: dict[str, Segment] | None = None,
    schema: str | None = None,
    strategy: str = "semijoin",
    daily: bool = True,
    windows_as_of: dt.datetime | None = None,
    windows_min_days: int = catalog.WINDOWS_MIN_DAYS,
) -> CompiledSegment:
    """Compile a validated segment into one ``SELECT contact_id`` query.

    Parameters
    ----------
    segment
        The segment (``name`` set, as :func:`segments.loader.parse_segment` returns it).
    now
        Reference time for behaviour windows and relative dates (aware, or naive meaning UTC).
    segments
        Other segments by name, for ``segment:`` references (inlined).
    schema
        Schema of the mart tables (``None``: unqualified, the connection's default).
    strategy
        How behaviour predicates read the activity: ``semijoin`` (default: one ``[NOT] IN`` /
        ``NOT EXISTS`` subquery per predicate, each reading only its own event and window, counts
        narrowed to the candidates; fastest in bench/bench_segments.py) or ``aggregate`` (one
        scan, a conditional count per predicate, left-joined). Both select the same contacts
        (the tests run both).
    daily
        With ``semijoin``: read behaviour windows' whole days from the daily aggregate
        ``fct_contact_activity_daily`` where it answers them exactly (:mod:`segments.daily`;
        default); ``False`` reads only the raw activity. ``aggregate`` always reads the raw rows.
    windows_as_of
        With ``semijoin``: the as-of midnight of ``fct_contact_activity_windows``
        (:func:`segments.windows.windows_as_of`); a behaviour without filters over fixed windows
        then reads one row per contact there (:mod:`segments.windows`), before the daily
        aggregate is tried. ``None`` (default): the table is not read.
    windows_min_days
        Shortest ``in_last_days`` read from the window counts (shorter windows read fewer rows
        of their own; :data:`segments.catalog.WINDOWS_MIN_DAYS`).

    Returns
    -------
    CompiledSegment
        The expression, the tables it reads and ``now``.

    Raises
    ------
    SegmentSpecError
        A reference to an unknown segment or a reference cycle.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")
    compiler = _Compiler(
        segments=dict(segments or {}),
        now=naive_utc(now),
        schema=schema,
        strategy=strategy,
        daily=daily,
        windows_as_of=windows_as_of if strategy == "semijoin" else None,
        windows_min_days=windows_min_days,
    )
    expression = compiler.query(segment)
    return CompiledSegment(
        name=segment.name or "segment",
        expression=expression,
        tables=tuple(sorted(compiler.tables)),
        now=compiler.now,
        schema=schema,
    )

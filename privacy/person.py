"""Who a privacy request is about, and how to find and scrub them in any text or record.

:class:`Person` gathers every identifier EnrollFlow holds for one contact (contact ids, emails,
phones, first and last names) from the CRM records in the warehouse and the landing zone and the
ops store's ledger. :class:`Scrubber` then finds the person in a string or a JSON record and
rewrites it: contact ids become one random pseudonym (so aggregates still join), emails become
``<pseudonym>@erased.invalid``, phones and names are removed. One scrubber serves the landing zone,
the warehouse, the ops store, the outbox and the reports, so every store is treated alike.
"""

from __future__ import annotations

import gzip
import json
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from delivery.ledger import ADDRESS_COLUMN
from delivery.store import Store
from delivery.store.schema import send_ledger
from enrollflow.warehouse import connect_waiting
from privacy.crypto import KeyRing, canonical

ERASED = "[erased]"
_ID_CHARS = "A-Za-z0-9_"


class UnknownPersonError(LookupError):
    """No store holds the contact id, email or phone a request names."""


@dataclass(frozen=True)
class Person:
    """Every identifier of one person (emails lower-cased, phones as E.164 text)."""

    contact_ids: frozenset[str]
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @property
    def addresses(self) -> frozenset[str]:
        """Emails and phones: what suppressions and consent records key on."""
        return self.emails | self.phones

    def needles(self) -> list[str]:
        """Lower-case substrings whose presence marks a text as possibly about this person."""
        return sorted({*self.contact_ids, *self.emails, *(p.lower() for p in self.phones)})


def address_hashes(keys: KeyRing, addresses: Iterable[str]) -> set[str]:
    """Keyed hashes the person's addresses may be stored under: the privacy canonical form and
    delivery's (E.164 phones via ``normalise_address``), which differ for national numbers."""
    from delivery.suppression import normalise_address

    out: set[str] = set()
    for a in addresses:
        out.add(keys.hash("address", a))
        out.add(keys.hash("address", normalise_address("email" if "@" in a else "sms", a)))
    return out


def classify(reference: str) -> str:
    """``email``, ``phone`` or ``contact`` for a reference given on the command line."""
    reference = reference.strip()
    if "@" in reference:
        return "email"
    if re.fullmatch(r"\+?[0-9][0-9 ()\-.]{5,}", reference):
        return "phone"
    return "contact"


def _crm_records_in_warehouse(
    warehouse: Path | None, ids, emails, phones, *, lock_wait_seconds: float = 0.0, on_wait=None
) -> list[dict]:
    if warehouse is None or not Path(warehouse).exists():
        return []
    opened = connect_waiting(
        warehouse, read_only=True, wait_seconds=lock_wait_seconds, on_wait=on_wait
    )
    with opened as con:
        found = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw_crm__contacts'"
        ).fetchone()[0]
        if not found:
            return []
        cur = con.execute(
            "SELECT contact_id, email, phone, first_name, last_name FROM raw_crm__contacts "
            "WHERE contact_id IN (SELECT unnest(?)) OR lower(trim(email)) IN (SELECT unnest(?)) "
            "OR phone IN (SELECT unnest(?))",
            [sorted(ids), sorted(emails), sorted(phones)],
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def open_text(path: Path) -> str:
    """A landing file's text (``.jsonl`` or ``.jsonl.gz``)."""
    if path.name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8")


def _crm_records_in_landing(landing: Path | None, needles: list[str]) -> list[dict]:
    if landing is None or not (Path(landing) / "crm").is_dir():
        return []
    out = []
    for path in sorted((Path(landing) / "crm").glob("*/contacts*.jsonl*")):
        text = open_text(path)
        low = text.lower()
        if not any(n in low for n in needles):
            continue
        for line in text.splitlines():
            if any(n in line.lower() for n in needles):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    continue
    return out


def resolve_person(
    reference: str,
    *,
    store: Store | None,
    warehouse: Path | None,
    landing: Path | None,
    lock_wait_seconds: float = 0.0,
    on_wait: Callable[[Exception], None] | None = None,
) -> Person:
    """Find every identifier of the person ``reference`` (a contact id, email or phone) names.

    Looks in the warehouse's ``raw_crm__contacts`` (every version of the record, so old emails
    are found too; waiting up to ``lock_wait_seconds`` while a writer holds the file), the
    landing zone's CRM exports and the ops store's ledger, and repeats until no new identifier
    appears.

    Raises
    ------
    UnknownPersonError
        If no store knows the reference.
    """
    kind = classify(reference)
    ids: set[str] = {reference.strip()} if kind == "contact" else set()
    emails: set[str] = {canonical("address", reference)} if kind == "email" else set()
    phones: set[str] = {canonical("address", reference)} if kind == "phone" else set()
    names: set[str] = set()
    seen = None
    found = False
    while seen != (len(ids), len(emails), len(phones)):
        seen = (len(ids), len(emails), len(phones))
        records = _crm_records_in_warehouse(
            warehouse, ids, emails, phones, lock_wait_seconds=lock_wait_seconds, on_wait=on_wait
        )
        records += [
            r
            for r in _crm_records_in_landing(landing, sorted(ids | emails | phones))
            if r.get("contact_id") in ids
            or canonical("address", str(r.get("email") or "")) in emails
            or (r.get("phone") and canonical("address", r["phone"]) in phones)
        ]
        found = found or bool(records)
        for r in records:
            ids.add(r["contact_id"])
            if r.get("email"):
                emails.add(canonical("address", r["email"]))
            if r.get("phone"):
                phones.add(canonical("address", r["phone"]))
            names.update(n.strip() for n in (r.get("first_name"), r.get("last_name")) if n)
        if store is not None:
            codec = store.codec(ADDRESS_COLUMN)
            hashes = address_hashes(store.keys, emails | phones)
            with store.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(send_ledger.c.contact_id, send_ledger.c.to_address_enc).where(
                        sa.or_(
                            send_ledger.c.contact_id.in_(sorted(ids)),
                            send_ledger.c.to_address_hash.in_(sorted(hashes)),
                        )
                    )
                ).all()
            found = found or bool(rows)
            for contact_id, sealed in rows:
                ids.add(contact_id)
                address = codec.open(sealed)
                if address:
                    (emails if "@" in address else phones).add(canonical("address", address))
    if not found:
        raise UnknownPersonError(
            f"no CRM record (warehouse or landing zone) or ledger row knows {reference!r}"
        )
    return Person(
        frozenset(ids),
        frozenset(emails),
        frozenset(phones),
        frozenset(n for n in names if len(n) > 1),
    )


@dataclass
class Scrubber:
    """Find and rewrite one person's data in strings and JSON records.

    Attributes
    ----------
    person : Person
        Who to erase.
    pseudonym : str
        What their contact ids become (random, kept nowhere, so it links to nobody).
    """

    person: Person
    pseudonym: str = field(default_factory=lambda: f"erased_{secrets.token_hex(6)}")

    def __post_init__(self) -> None:
        p = self.person
        self._needles = p.needles()
        self._id_re = (
            re.compile(
                "(?<!["
                + _ID_CHARS
                + "])("
                + "|".join(map(re.escape, sorted(p.contact_ids, key=len, reverse=True)))
                + ")(?!["
                + _ID_CHARS
                + "])"
            )
            if p.contact_ids
            else None
        )
        self._email_re = self._alternation(p.emails, re.IGNORECASE)
        self._phone_re = self._alternation(p.phones, 0)
        self._name_re = (
            re.compile(
                r"\b(" + "|".join(map(re.escape, sorted(p.names, key=len, reverse=True))) + r")\b"
            )
            if p.names
            else None
        )

    @staticmethod
    def _alternation(values: Iterable[str], flags: int) -> re.Pattern | None:
        values = sorted(values, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, values)), flags) if values else None

    @property
    def pseudo_email(self) -> str:
        """What the person's email addresses become (a syntactically valid, undeliverable one)."""
        return f"{self.pseudonym}@erased.invalid"

    def may_match(self, text: str) -> bool:
        """Cheap pre-filter: does ``text`` contain one of the person's identifiers at all?"""
        low = text.lower()
        return any(n in low for n in self._needles)

    def matches(self, text: str) -> bool:
        """Does ``text`` name the person (a bounded contact id, an email or a phone)?"""
        if not self.may_match(text):
            return False
        return any(
            r is not None and r.search(text) for r in (self._id_re, self._email_re, self._phone_re)
        )

    def scrub_text(self, text: str, *, names: bool = True) -> str:
        """``text`` with ids → pseudonym, emails → pseudo email, phones (and names) → ``[erased]``."""
        if self._id_re is not None:
            text = self._id_re.sub(self.pseudonym, text)
        if self._email_re is not None:
            text = self._email_re.sub(self.pseudo_email, text)
        if self._phone_re is not None:
            text = self._phone_re.sub(ERASED, text)
        if names and self._name_re is not None:
            text = self._name_re.sub(ERASED, text)
        return text

    def scrub_value(self, value: str | None, *, person_row: bool) -> str | None:
        """One stored value: whole identifiers are replaced (names only in the person's rows)."""
        if value is None:
            return None
        stripped = value.strip()
        if canonical("address", stripped) in self.person.emails:
            return self.pseudo_email
        if canonical("address", stripped) in self.person.phones:
            return None
        if stripped in self.person.contact_ids:
            return self.pseudonym
        if person_row and stripped in self.person.names:
            return None
        return self.scrub_text(value, names=person_row)

    def scrub_record(self, obj: Any, *, person_row: bool = False) -> Any:
        """A JSON value with the person removed; a dict mentioning them is the person's row."""
        if isinstance(obj, dict):
            mine = person_row or any(isinstance(v, str) and self.matches(v) for v in obj.values())
            return {k: self.scrub_record(v, person_row=mine) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.scrub_record(v, person_row=person_row) for v in obj]
        if isinstance(obj, str):
            return self.scrub_value(obj, person_row=person_row)
        return obj

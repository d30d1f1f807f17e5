"""The subscription topics the preference centre offers (no imports: campaign validation reads
them in the CLI's light path, before any store or warehouse library is loaded)."""

#: topic -> label. A campaign may declare one (``topic:`` in its file): a contact who withdrew it
#: gets none of its messages; withdrawing every one stops every campaign.
CONSENT_TOPICS = {
    "newsletter": "Newsletter",
    "course_updates": "New courses and start dates",
    "events": "Open days and events",
}

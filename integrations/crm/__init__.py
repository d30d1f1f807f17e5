"""Two-way sync with a CRM / marketing-automation platform (HubSpot)."""

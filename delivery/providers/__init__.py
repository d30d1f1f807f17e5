"""Providers: SendGrid, SMTP, Twilio and the file sandbox, behind one contract (``base``)."""

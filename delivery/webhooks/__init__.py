"""Webhooks: SendGrid events, Twilio callbacks and one-click unsubscribes (see ``app``)."""

"""Campaign touches and conversions pushed to analytics tools (Google Analytics 4, Mixpanel)."""

from integrations.analytics.events import AnalyticsEvent, read_events
from integrations.analytics.sync import SyncReport, sync_destination

__all__ = ["AnalyticsEvent", "SyncReport", "read_events", "sync_destination"]

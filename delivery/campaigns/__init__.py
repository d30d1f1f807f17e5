"""Campaign files (models, validation, graph view), business rules and the campaign lifecycle."""

# The models first: delivery.campaigns.banners builds on their fields and they on it.
import delivery.campaigns.models  # noqa: F401

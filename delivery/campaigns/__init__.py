"""Campaign files (models, validation, graph view), business rules and the campaign lifecycle."""

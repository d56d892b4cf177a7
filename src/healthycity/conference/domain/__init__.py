"""Business logic of the conference: verbs with keyword-only arguments (see STYLE.md)."""

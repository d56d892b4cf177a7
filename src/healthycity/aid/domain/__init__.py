"""Business logic of the aid app: verbs with keyword-only arguments (see STYLE.md)."""

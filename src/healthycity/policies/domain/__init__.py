"""Business logic of the practice library: verbs with keyword-only arguments (see STYLE.md)."""

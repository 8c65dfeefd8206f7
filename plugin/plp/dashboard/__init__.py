"""The staff dashboard: one row per student, who needs a conversation, weekly completion."""

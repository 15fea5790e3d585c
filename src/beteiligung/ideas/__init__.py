"""Ideas of residents, their support and discussion, and their public moderation."""

"""Long work run in the background as a job whose progress its page shows."""

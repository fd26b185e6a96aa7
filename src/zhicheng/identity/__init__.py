"""Pure checks of identity documents and organisation codes (no Django import)."""

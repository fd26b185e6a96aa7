"""The versioned JSON API (`/api/v1/`): organisation tokens with scopes, the desks' rules."""

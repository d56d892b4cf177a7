"""Statistical methods of the equity analytics (pure Python; no Django)."""

"""Working days: public holidays and weekends per country, a program's blackout dates (pure)."""

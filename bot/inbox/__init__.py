"""The inbox: inbound events stored durably before the platform is answered, then handled."""

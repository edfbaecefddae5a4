from fake_api import fake_api, sleeps

__all__ = ["fake_api", "sleeps"]

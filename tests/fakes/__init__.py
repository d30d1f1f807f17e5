"""Local fakes of provider APIs (real wire formats), for the official SDKs to talk to in tests."""

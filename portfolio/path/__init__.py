"""The trainee's personalised path: proposals with their reason, requests, own objectives."""

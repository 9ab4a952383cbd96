"""The installed app: manifest, service worker, offline page, offline traces, Web Push."""

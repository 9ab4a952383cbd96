"""Use cases of the installed app: the shell's files, Web Push subscriptions and sending."""

"""Use cases of the e-mail notifications: every write of mail_preference, outgoing_mail and
password_reset is here."""

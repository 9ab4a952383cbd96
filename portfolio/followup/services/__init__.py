"""Use cases of the follow-up room: :mod:`.schedule` (the site's months), :mod:`.contacts`
(planning and recording contacts, the caseload section, the message), :mod:`.reminders` (the
weekly mail to referents) and :mod:`.reports` (the funders' anonymous figures)."""

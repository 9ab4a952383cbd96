"""The activities room's use cases.

- :mod:`.rules`: the rules of one activity (form, YAML and CSV share them);
- :mod:`.files`: the strict YAML and CSV loaders, and the export;
- :mod:`.catalogue`: create, change, copy and import activities;
- :mod:`.sessions`: sessions, their group, attendance and saved groups.
"""

"""The trainee's portfolio: traces with photos and links, competencies, self-assessment."""

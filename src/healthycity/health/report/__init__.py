"""What a person's record looks like: the summary shown on the portal, the staff page and the
one-page PDF report (bars against normal ranges, the last eight tests, the assessment)."""

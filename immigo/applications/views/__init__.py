"""Server-rendered pages of the applications app: `public` for applicants, `staff` for the back
office. Both call the services and selectors; the helpers turn domain errors into HTTP answers
and form errors."""

"""The archive: every shared answer and lesson, searchable (chat, App Home, the dashboard),
with "This helped me" reuse events told to their authors in batches."""

"""Action plans in spreadsheets: the template's columns (`columns`), reading an XLSX or CSV
file into tables (`read`), checking them into records with every problem by row and column
(`check`, `records`), and writing a plan or the empty template (`write`). The import itself
(preview, all or nothing) is `services.imports`."""

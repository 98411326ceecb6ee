"""Survey forms, one module per part (the builder's are `builder_survey` and `builder_questions`)."""

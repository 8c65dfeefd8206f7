"""Reading plans: the folder layout, text and frontmatter, the YAML reader with its one
scalar policy, the schemas, and the records a student's files make."""

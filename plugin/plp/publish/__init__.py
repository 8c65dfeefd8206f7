"""Writing what plp builds: output folders that plp owns and the rules for what it may delete."""

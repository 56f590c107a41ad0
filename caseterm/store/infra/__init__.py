"""Infrastructure: files, TOML text, git, the merge driver, the summary index."""

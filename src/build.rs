//! The pipeline: config, content, parse, enrich, aggregate, render, write.

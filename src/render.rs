//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.

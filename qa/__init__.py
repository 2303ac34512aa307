"""Quality tools: fuzzing, parse-quality and vocabulary reports, truth sets. Not part of the product."""

"""Quality tools: fuzzing, parse-quality and vocabulary reports, truth sets, the Python reader of the search
index. Not part of the product (not in the wheel): they may import it, the product never imports them."""

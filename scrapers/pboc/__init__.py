"""Reading the People's Bank of China head office's 行政处罚公示 pages (static HTML, one party per row)."""

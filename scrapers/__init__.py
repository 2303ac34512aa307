"""The Scrapy project that collects NFRA penalty notices, and the parsing of their docClob HTML."""

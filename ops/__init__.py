"""Operations: the offline demo, the nightly job and publishing."""

"""The exchange: transports (file drop), receiving, sending, retours and the database ValidationContext."""

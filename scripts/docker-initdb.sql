-- Runs once when the compose db volume is created: the integration tests' database beside the service's.
CREATE DATABASE tuoyu_test OWNER tuoyu;

/// The version string HTTP clients send.
let swarmcastVersionString = "0.1.0"

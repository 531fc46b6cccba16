#ifndef SWARMCAST_CLIBEVENT_SHIM_H
#define SWARMCAST_CLIBEVENT_SHIM_H
// The parts of libevent 2.1 that SwarmcastLoop wraps: the event base, raw events (sockets, timers,
// signals) and evhttp for the metrics endpoint. Nothing else in Swarmcast imports this module.
#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>
#endif

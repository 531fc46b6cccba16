#ifndef SWARMCAST_CZLIB_SHIM_H
#define SWARMCAST_CZLIB_SHIM_H
// zlib, for the HdrHistogram V2 compressed log (delay.hlog).
#include <zlib.h>
#endif

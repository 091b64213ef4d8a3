/* SPDX-License-Identifier: GPL-2.0 */
/* ARRAY_SIZE for the compare files (no project-wide header has one yet). */
#ifndef LMB_COMPARE_ARRAY_H
#define LMB_COMPARE_ARRAY_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif

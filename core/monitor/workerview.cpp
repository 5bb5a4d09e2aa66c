#include "workerview.h"

// hpsmctl: the command line lives in app.cpp so the tests can run it.
#include <iostream>

#include "app.h"

int main(int argc, char **argv)
{
	return hpsmctl::run(argc, argv, {std::cout, std::cerr});
}

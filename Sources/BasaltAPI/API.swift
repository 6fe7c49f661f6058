import BasaltCore
